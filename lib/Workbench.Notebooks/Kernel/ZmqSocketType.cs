namespace Workbench.Notebooks.Kernel;

/// <summary>libzmq socket types (zmq.h values) the kernel and its tests use.</summary>
internal enum ZmqSocketType
{
    Pub = 1,
    Sub = 2,
    Req = 3,
    Rep = 4,
    Dealer = 5,
    Router = 6,
}

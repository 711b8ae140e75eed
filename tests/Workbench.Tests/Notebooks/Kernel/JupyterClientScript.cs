namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// The start of every jupyter_client scenario: a BlockingKernelClient connected through the connection file
/// (argv[1]) and ready, plus helpers that gather a request's reply and its iopub messages up to idle.
/// A scenario fills the dict <c>out</c>, printed as JSON at the end for the C# test to check.
/// </summary>
public static class JupyterClientScript
{
    public const string Prelude = """
        import atexit, json, sys, time
        from jupyter_client import BlockingKernelClient
        from jupyter_client.session import Session

        TIMEOUT = 20
        c = BlockingKernelClient()
        c.load_connection_file(sys.argv[1])
        c.start_channels()
        c.wait_for_ready(timeout=30)
        out = {}
        atexit.register(lambda: print(json.dumps(out, default=str)))

        """ + Helpers;

    /// <summary>The helpers alone, for scenarios that connect their own way (<see cref="RealKernel"/>): they use the globals c and TIMEOUT.</summary>
    public const string Helpers = """
        def iopub_for(msg_id):
            "The iopub messages a request caused, in order, through its idle status."
            got = []
            while True:
                m = c.get_iopub_msg(timeout=TIMEOUT)
                if m["parent_header"].get("msg_id") != msg_id:
                    continue
                got.append({"type": m["msg_type"], "content": m["content"]})
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    return got

        def shell_reply(msg_id):
            m = c.get_shell_msg(timeout=TIMEOUT)
            assert m["parent_header"]["msg_id"] == msg_id, ("reply to another request", m)
            return {"type": m["msg_type"], "content": m["content"]}

        def run(code, **kw):
            msg_id = c.execute(code, **kw)
            return {"reply": shell_reply(msg_id), "iopub": iopub_for(msg_id)}

        def control(msg_type, content):
            msg = c.session.msg(msg_type, content)
            c.control_channel.send(msg)
            m = c.get_control_msg(timeout=TIMEOUT)
            assert m["parent_header"]["msg_id"] == msg["header"]["msg_id"]
            return {"type": m["msg_type"], "content": m["content"], "iopub": iopub_for(msg["header"]["msg_id"])}

        """;
}

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Remembers recent signatures so a captured signed message cannot be replayed, as jupyter_client's
/// Session does. Bounded: the oldest signatures are forgotten first, keeping memory flat.
/// </summary>
internal sealed class ReplayGuard(int capacity = 1 << 16)
{
    private readonly HashSet<string> seen = [];
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    /// <summary>True the first time <paramref name="signature"/> is offered, false for a repeat.</summary>
    public bool FirstSighting(string signature)
    {
        lock (gate)
        {
            if (!seen.Add(signature)) return false;
            order.Enqueue(signature);
            if (order.Count > capacity) seen.Remove(order.Dequeue());
            return true;
        }
    }
}

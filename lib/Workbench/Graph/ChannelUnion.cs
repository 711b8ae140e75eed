namespace Workbench.Graph;

/// <summary>
/// Union-find over single channels (one element per channel of every traced tensor). Two channels end in one
/// class exactly when removing one forces removing the other, so a class is one prunable unit, whatever chain of
/// additions, concatenations and depthwise layers tied it.
/// </summary>
internal sealed class ChannelUnion
{
    private readonly List<int> parent = [];
    private readonly List<int> space = [];

    public int Count => parent.Count;

    /// <summary>Adds <paramref name="size"/> channels of space <paramref name="spaceId"/>; returns the first's element id.</summary>
    public int Add(int spaceId, long size)
    {
        var first = parent.Count;
        for (var i = 0; i < size; i++)
        {
            parent.Add(first + i);
            space.Add(spaceId);
        }
        return first;
    }

    public int SpaceOf(int element) => space[element];

    public int Find(int element)
    {
        var root = element;
        while (parent[root] != root) root = parent[root];
        while (parent[element] != root) (parent[element], element) = (root, parent[element]);
        return root;
    }

    public void Union(int a, int b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}

using System.Text;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// A property name as a table header a reader can read: McrPruned becomes "MCR pruned",
/// ValidationAccuracy "Validation accuracy". The pruning work's acronyms keep their capitals.
/// </summary>
internal static class ColumnHeader
{
    private static readonly Dictionary<string, string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mcr"] = "MCR", ["cka"] = "CKA", ["macs"] = "MACs", ["mac"] = "MAC", ["flops"] = "FLOPs", ["fc"] = "FC", ["id"] = "ID",
    };

    public static string Of(string name)
    {
        var words = Words(name);
        for (int i = 0; i < words.Count; i++)
            words[i] = Acronyms.TryGetValue(words[i], out var acronym) ? acronym : i == 0 ? words[i] : words[i].ToLowerInvariant();
        return string.Join(' ', words);
    }

    // Split at underscores and where a lower-case letter or digit meets an upper-case one (McrPruned, L1Norm stays "L1" "Norm").
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_') { Flush(); continue; }
            if (char.IsUpper(c) && current.Length > 0 && !char.IsUpper(current[^1])) Flush();
            current.Append(c);
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }
}

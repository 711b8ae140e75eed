namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Protocol 5.2+ counts cursor positions in Unicode code points, C# strings in UTF-16 units:
/// an emoji is one code point but two chars. These convert between the two.
/// </summary>
internal static class CodePoints
{
    /// <summary>The UTF-16 index of code point <paramref name="codePoints"/> in <paramref name="text"/>, clamped to its length.</summary>
    public static int ToUtf16Index(string text, int codePoints)
    {
        int index = 0;
        for (int seen = 0; seen < codePoints && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>How many code points precede UTF-16 index <paramref name="index"/> of <paramref name="text"/>.</summary>
    public static int FromUtf16Index(string text, int index)
    {
        index = Math.Clamp(index, 0, text.Length);
        int count = 0;
        for (int i = 0; i < index; i++, count++)
            if (char.IsHighSurrogate(text[i]) && i + 1 < index && char.IsLowSurrogate(text[i + 1])) i++;
        return count;
    }
}

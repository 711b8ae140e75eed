using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workbench.Pruning.Selection;

/// <summary>
/// A seed derived from several values, the same in every process and on every machine.
/// (HashCode.Combine is randomised per process, so seeds made with it change from run to run.)
/// </summary>
public static class StableSeed
{
    public static int Of(params object[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
        return BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) & int.MaxValue;
    }
}

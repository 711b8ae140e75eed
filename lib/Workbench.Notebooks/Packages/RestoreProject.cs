using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// The project that NuGet restores for a session: one PackageReference per package the session asked for
/// (all of them, so that versions unify as they would in one real project) and the <c>#i</c> sources.
/// </summary>
internal static class RestoreProject
{
    /// <summary>The target framework of this runtime ("net10.0"): packages are picked for what runs the cells.</summary>
    public static readonly string TargetFramework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    public const string FileName = "packages.csproj";

    public static string Text(IEnumerable<PackageRequest> packages, IEnumerable<string> sources)
    {
        var properties = new XElement("PropertyGroup",
            new XElement("TargetFramework", TargetFramework),
            // A vulnerability audit downloads advisories: a network call a restore for a cell does not need.
            new XElement("NuGetAudit", "false"));
        var extra = string.Join(';', sources);
        if (extra.Length > 0) properties.Add(new XElement("RestoreAdditionalProjectSources", extra));
        // A floating "*" is NuGet's "newest stable", what Polyglot gives a #r without a version.
        var references = new XElement("ItemGroup", packages.Select(p =>
            new XElement("PackageReference", new XAttribute("Include", p.Name), new XAttribute("Version", p.Version ?? "*"))));
        return new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"), properties, references).ToString();
    }

    /// <summary>The cache folder's name for a project and the settings it is restored with: same inputs, same folder.</summary>
    public static string Key(string projectText, PackageSettings settings)
    {
        var all = string.Join('\n', projectText, settings.ConfigFile ?? "", settings.PackagesDirectory ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..16];
    }
}

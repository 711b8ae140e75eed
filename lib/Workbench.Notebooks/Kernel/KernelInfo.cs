using System.Reflection;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>The kernel_info_reply content: who this kernel is and the language its cells are in.</summary>
internal static class KernelInfo
{
    public static string ImplementationVersion { get; } =
        typeof(KernelInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static JsonObject Content(KernelOptions options) => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = MessageFactory.ProtocolVersion,
        ["implementation"] = "workbench",
        ["implementation_version"] = ImplementationVersion,
        ["language_info"] = new JsonObject
        {
            ["name"] = "csharp",
            ["version"] = options.LanguageVersion,
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = options.Banner,
        ["help_links"] = new JsonArray(),
    };
}

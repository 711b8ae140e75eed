namespace Workbench.Notebooks.Packages;

/// <summary>One <c>#r "nuget: Name, Version"</c>: a package id and a NuGet version or range, or none for the newest stable.</summary>
internal sealed record PackageRequest(string Name, string? Version)
{
    /// <summary>"Name 1.0.0" or "Name (newest)": how error messages name the request.</summary>
    public override string ToString() => Version is null ? $"{Name} (newest)" : $"{Name} {Version}";
}

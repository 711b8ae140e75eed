namespace Microsoft.DotNet.Interactive;

/// <summary>
/// A secret typed into a password box, as Polyglot Notebooks' type of the same name: printing or displaying
/// it shows asterisks, so it does not end up in a saved notebook; <see cref="GetClearTextPassword"/> gives the text.
/// </summary>
public sealed class PasswordString(string password)
{
    public string GetClearTextPassword() => password;

    public override string ToString() => "************";
}

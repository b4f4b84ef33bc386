using System.Management.Automation;
using System.Security;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>
/// Lets only a SecureString through to -ApiKey, and says how to make one of anything else, without quoting what was
/// given: the binder's own "Cannot convert the "..." value" error would print the key.
/// </summary>
public sealed class SecureKeyTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>What to do instead of passing the key as text.</summary>
    internal const string Advice =
        "Read the key at a prompt with $key = Read-Host -Prompt 'RunAgents API key' -AsSecureString, turn text you already hold into one with ConvertTo-SecureString -String $text -AsPlainText -Force, or set the RUNAGENTS_API_KEY environment variable and leave -ApiKey out.";

    /// <inheritdoc/>
    /// <exception cref="ArgumentTransformationMetadataException">The value is not a SecureString.</exception>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null or SecureString => value,
            PSCredential => throw new ArgumentTransformationMetadataException($"-ApiKey takes a SecureString, not a credential: pass the credential as -Credential. {Advice}"),
            string => throw new ArgumentTransformationMetadataException($"-ApiKey takes a SecureString, not text, so that the key is not held as plain text (the text given is not shown here). {Advice}"),
            _ => throw new ArgumentTransformationMetadataException($"-ApiKey takes a SecureString, not a {value.GetType().Name} (the value given is not shown here). {Advice}"),
        };
    }
}

using System.Management.Automation;

namespace RunAgents.PowerShell.Configuration;

/// <summary>
/// Refuses one of the module's objects (a tool, an agent, a connection, a plan's record) given as a configuration folder:
/// piped in by mistake, PowerShell would otherwise make it its text (<c>stripe-api</c>) and take that for a folder's
/// path, which Export would then write into. A path as text, and a folder from Get-Item (bound by its PSPath), pass.
/// </summary>
internal sealed class ConfigurationFolderArgumentAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not null && value.GetType().Assembly == typeof(ConfigurationFolderArgumentAttribute).Assembly)
        {
            throw new ArgumentTransformationMetadataException(
                $"A {value.GetType().Name} is not a configuration folder: -Path takes a folder, as a path or from Get-Item. " +
                "Export-RAConfiguration -Path <folder> writes the platform's objects into one; Compare- and Import-RAConfiguration read one.");
        }

        return inputData;
    }
}

using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Client;

/// <summary>
/// Compile-time JSON metadata for the API's types: no reflection at run time, which keeps the
/// first call and module import fast. Every string read passes through <see cref="CleanStringConverter"/>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, Converters = new[] { typeof(CleanStringConverter) })]
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(List<Agent>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(DeployResult))]
[JsonSerializable(typeof(AccessRequest))]
[JsonSerializable(typeof(List<AccessRequest>))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(List<Run>))]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(List<RunEvent>))]
[JsonSerializable(typeof(BlockedAction))]
internal sealed partial class RunAgentsJsonContext : JsonSerializerContext
{
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace RunAgents.MockServer;

/// <summary>The numeric seed: N deterministic agents of roughly 400-600 bytes each.</summary>
internal static class GeneratedAgents
{
    private const int NamespaceCount = 10;

    private static readonly string[] s_domains = ["billing", "claims", "onboarding", "inventory", "reporting", "scheduling", "compliance"];
    private static readonly string[] s_tools = ["ledger-api", "crm-api", "ticketing-api", "kb-search", "email-sender", "document-ocr", "calendar-api", "sql-reader"];
    private static readonly (string Provider, string Model)[] s_models =
    [
        ("openai", "gpt-4o-mini"),
        ("openai", "gpt-4o"),
        ("anthropic", "claude-3-5-haiku-20241022"),
        ("anthropic", "claude-3-5-sonnet-20241022"),
    ];

    /// <summary>Creates agents agent-00001..agent-N spread over ns-00..ns-09.</summary>
    public static IEnumerable<(AgentKey Key, StoredAgent Agent)> Create(int count)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        for (int i = 1; i <= count; i++)
        {
            buffer.ResetWrittenCount();
            var key = new AgentKey($"ns-{i % NamespaceCount:D2}", $"agent-{i:D5}");
            using (Utf8JsonWriter writer = MockJson.CreateWriter(buffer))
            {
                Write(writer, key, i);
            }

            yield return (key, new StoredAgent(buffer.WrittenSpan.ToArray()));
        }
    }

    private static void Write(Utf8JsonWriter writer, AgentKey key, int index)
    {
        string domain = s_domains[index % s_domains.Length];
        (string provider, string model) = s_models[index % s_models.Length];
        (string phase, string message) = PhaseFor(index);

        writer.WriteStartObject();
        writer.WriteString("name", key.Name);
        writer.WriteString("namespace", key.Namespace);

        writer.WriteStartObject("labels");
        writer.WriteString("platform.ai/identity-provider", index % 3 == 0 ? "azure-ad" : "google-oidc");
        writer.WriteString("app.kubernetes.io/part-of", domain);
        writer.WriteEndObject();

        writer.WriteStartObject("spec");
        writer.WriteString("image", $"registry.runagents.io/{key.Name}:{Tag(index)}");
        writer.WriteString("systemPrompt", $"You are the {domain} assistant #{index.ToString(CultureInfo.InvariantCulture)}. Answer briefly.");
        writer.WriteStartArray("requiredTools");
        for (int t = 0; t < 1 + (index % 2); t++)
        {
            writer.WriteStartObject();
            writer.WriteString("name", s_tools[(index + t) % s_tools.Length]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("llmConfig");
        writer.WriteString("provider", provider);
        writer.WriteString("model", model);
        writer.WriteEndObject();
        writer.WriteStartArray("env");
        WriteEnv(writer, "LLM_MODEL", model);
        WriteEnv(writer, "LLM_PROVIDER", provider);
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("status");
        writer.WriteString("phase", phase);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // About 5% Pending and 5% Failed, spread evenly so any slice of the list has a mix.
    private static (string Phase, string Message) PhaseFor(int index) => (index % 20) switch
    {
        7 => ("Pending", "Waiting for deployment to become available"),
        13 => ("Failed", "CrashLoopBackOff: back-off 5m0s restarting failed container agent"),
        _ => ("Running", ""),
    };

    private static string Tag(int index) =>
        unchecked((uint)index * 2654435761u).ToString("x8", CultureInfo.InvariantCulture)[..7];

    private static void WriteEnv(Utf8JsonWriter writer, string name, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }
}

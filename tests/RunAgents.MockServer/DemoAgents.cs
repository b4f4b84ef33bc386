using System.Text.Json.Nodes;

namespace RunAgents.MockServer;

/// <summary>The "demo" seed: a small, realistic fleet across three namespaces.</summary>
internal static class DemoAgents
{
    private const string IdentityLabel = "platform.ai/identity-provider";
    private const string Registry = "registry.runagents.io";

    /// <summary>Creates fresh documents (callers may mutate them).</summary>
    public static IEnumerable<JsonObject> Create()
    {
        yield return Agent(
            "agent-system", "payment-agent", "a1b2c3",
            "You are a payment processing assistant.",
            ["stripe-api"], "openai", "gpt-4o-mini", "Running", "",
            new() { [IdentityLabel] = "google-oidc" });

        yield return Agent(
            "agent-system", "workflow-orchestrator", "9f8e7d1",
            "You coordinate multi-step workflows by delegating tasks to other agents and tracking their progress.",
            ["task-queue", "agent-directory", "chat-notify"], "anthropic", "claude-3-5-sonnet-20241022", "Running", "",
            new() { [IdentityLabel] = "google-oidc", ["app.kubernetes.io/part-of"] = "core-workflows" },
            ("MAX_PARALLEL_TASKS", "4"));

        yield return Agent(
            "agent-system", "policy-guard", "4c5d6e7",
            "You review proposed actions against organisational policy and explain any violation.",
            ["policy-engine"], "openai", "gpt-4.1-mini", "Pending", "Waiting for required tool policy-engine to become ready",
            new() { [IdentityLabel] = "google-oidc", ["app.kubernetes.io/part-of"] = "governance" });

        yield return Agent(
            "finance", "invoice-processor", "b7e21f0",
            "You extract line items from supplier invoices and match them against purchase orders.",
            ["document-ocr", "ledger-api"], "anthropic", "claude-3-5-haiku-20241022", "Running", "",
            new() { [IdentityLabel] = "azure-ad", ["team"] = "finance-ops" },
            ("OCR_LANGUAGE", "en"));

        yield return Agent(
            "finance", "fraud-detector", "7c4d2e9",
            "You score card transactions for fraud risk and explain the strongest signals.",
            ["transaction-history", "risk-rules"], "openai", "gpt-4o", "Failed",
            "ImagePullBackOff: failed to pull image \"registry.runagents.io/fraud-detector:7c4d2e9\": manifest unknown",
            new() { [IdentityLabel] = "azure-ad", ["team"] = "risk" });

        // Bound to payments-approval, so "Refund order 1042" pauses for a human without any magic prefix.
        JsonObject approver = Agent(
            "finance", "payment-approver", "5e6f7a8",
            "You handle refund requests: check the order, then issue the refund through Stripe once a human has approved it.",
            ["stripe-api"], "openai", "gpt-4o", "Running", "",
            new() { [IdentityLabel] = "azure-ad", ["team"] = "finance-ops" });
        approver["spec"]!["policies"] = new JsonArray("payments-approval");
        yield return approver;

        yield return Agent(
            "finance", "expense-auditor", "e3f4a5b",
            "You audit expense reports for policy compliance and flag missing receipts.",
            ["expense-reports", "policy-engine"], "openai", "gpt-4o-mini", "Running", "",
            new() { [IdentityLabel] = "azure-ad", ["team"] = "finance-ops" });

        yield return Agent(
            "support", "support-triage", "2d3e4f5",
            "You triage incoming support tickets, set their priority and route them to the right queue.",
            ["ticketing-api", "kb-search"], "anthropic", "claude-3-5-sonnet-20241022", "Running", "",
            new() { [IdentityLabel] = "github-oidc", ["team"] = "customer-support" },
            ("DEFAULT_QUEUE", "tier-1"));

        yield return Agent(
            "support", "kb-search-agent", "0a9b8c7",
            "You answer product questions using only the knowledge base and cite the articles you used.",
            ["kb-search"], "openai", "gpt-4o-mini", "Failed",
            "CrashLoopBackOff: back-off 5m0s restarting failed container kb-search-agent (exit code 1)",
            new() { [IdentityLabel] = "github-oidc", ["team"] = "customer-support" });
    }

    private static JsonObject Agent(
        string ns,
        string name,
        string tag,
        string prompt,
        string[] tools,
        string provider,
        string model,
        string phase,
        string message,
        Dictionary<string, string> labels,
        params (string Name, string Value)[] extraEnv)
    {
        var env = new JsonArray(
            new JsonObject { ["name"] = "LLM_MODEL", ["value"] = model },
            new JsonObject { ["name"] = "LLM_PROVIDER", ["value"] = provider });
        foreach ((string envName, string envValue) in extraEnv)
        {
            env.Add(new JsonObject { ["name"] = envName, ["value"] = envValue });
        }

        var labelObject = new JsonObject();
        foreach (KeyValuePair<string, string> label in labels)
        {
            labelObject[label.Key] = label.Value;
        }

        return new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = labelObject,
            ["spec"] = new JsonObject
            {
                ["image"] = $"{Registry}/{name}:{tag}",
                ["systemPrompt"] = prompt,
                ["requiredTools"] = new JsonArray(tools.Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
                ["llmConfig"] = new JsonObject { ["provider"] = provider, ["model"] = model },
                ["env"] = env,
            },
            ["status"] = new JsonObject { ["phase"] = phase, ["message"] = message },
        };
    }
}

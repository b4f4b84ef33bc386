namespace RunAgents.MockServer;

/// <summary>One step of a phase script: the status an agent shows next.</summary>
internal sealed record PhaseStep(string Phase, string Message);

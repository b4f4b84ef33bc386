namespace RunAgents.MockServer;

/// <summary>Steps applied one per GET of an agent; the last step sticks.</summary>
internal sealed class PhaseScript(IReadOnlyList<PhaseStep> steps)
{
    private int _next;

    /// <summary>Returns the step for this GET and moves on (not thread-safe; the store's lock guards it).</summary>
    public PhaseStep Advance()
    {
        PhaseStep step = steps[Math.Min(_next, steps.Count - 1)];
        if (_next < steps.Count)
        {
            _next++;
        }

        return step;
    }
}

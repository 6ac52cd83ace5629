using PushExporter.Vocabulary;

namespace PushExporter.Steps;

/// <summary>
/// One step of the probe. Every step has this one signature: it reads and extends the
/// context, marks its checks passed or failed, and returns the failure that ends the probe,
/// or null to let the next step run. Adding a step touches one file and the pipeline's list.
/// </summary>
internal interface IStep
{
    ProbeStep Step { get; }

    /// <summary>
    /// The checks this step can decide, in the order it runs them. The first is running when
    /// the step starts; the step calls <see cref="ProbeContext.Begin"/> before each later one.
    /// </summary>
    IReadOnlyList<string> Checks { get; }

    /// <summary>False when the target does not call for this step (e.g. TLS over TCP); it is then not run and not timed.</summary>
    bool Applies(ProbeContext context);

    Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken);
}

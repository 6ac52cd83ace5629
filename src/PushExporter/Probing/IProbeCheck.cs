namespace PushExporter.Probing;

/// <summary>
/// One step of the probe. Every check has this one signature: it reads and extends the
/// context, marks its checks passed or failed, and returns the failure that ends the probe,
/// or null to let the next step run. Adding a check touches one file and the pipeline's list.
/// </summary>
internal interface IProbeCheck
{
    ProbePhase Phase { get; }

    /// <summary>False when the target does not call for this step (e.g. TLS over TCP); it is then not run and not timed.</summary>
    bool Applies(ProbeContext context);

    Task<ProbeFailure?> RunAsync(ProbeContext context, CancellationToken cancellationToken);
}

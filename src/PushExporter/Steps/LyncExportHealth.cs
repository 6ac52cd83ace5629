namespace PushExporter.Steps;

/// <summary>
/// What one probe found of one Lync export file: the health of the export, apart from the health
/// of Lync. An export that is not readable is reported here and its checks are not run; it never
/// fails the probe.
/// </summary>
/// <param name="File">The path read.</param>
/// <param name="Readable">Read and understood.</param>
/// <param name="ModifiedAt">The file's last write time, whenever the file exists.</param>
/// <param name="Error">Why it is not readable (the file and the problem), null when it is.</param>
internal sealed record LyncExportHealth(string File, bool Readable, DateTimeOffset? ModifiedAt, string? Error);

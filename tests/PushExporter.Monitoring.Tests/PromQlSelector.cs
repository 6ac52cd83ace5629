namespace PushExporter.Monitoring.Tests;

/// <summary>One series selector of a PromQL expression: the metric name and the text between its braces.</summary>
public sealed record PromQlSelector(string Metric, string Matchers);

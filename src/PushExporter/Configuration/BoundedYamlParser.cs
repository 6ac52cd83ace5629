using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PushExporter.Configuration;

/// <summary>
/// YamlDotNet's event parser with the bounds a configuration must respect, checked on each
/// event before the representation model's loader receives it, with an explicit stack and
/// never by recursion: nesting at most <see cref="MaxDepth"/> levels (the loader recurses per
/// level, and a stack overflow cannot be caught in .NET), at most <see cref="MaxNodes"/> nodes
/// with every alias counted as the nodes it stands for (an alias bomb of a few hundred bytes
/// expands to billions), mapping keys that are scalars (the loader hashes, compares and prints
/// keys, which for an aliased list of millions of elements takes seconds and gigabytes), and
/// no alias inside the node it refers to (a cycle). On the first bound crossed the stream
/// ends there (<see cref="Current"/> null, <see cref="MoveNext"/> false), so the loader stops,
/// and <see cref="Violation"/> says why and where.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner) : IParser
{
    /// <summary>The deepest nesting of lists and mappings accepted; a configuration needs about five.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes accepted, aliases expanded: a 10,000-target configuration has about 400,000.</summary>
    public const long MaxNodes = 1_000_000;

    // What an anchor stands for: its node count once its node has ended; Open while it is being read.
    private const long Open = -1;

    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (long Nodes, bool IsScalar)> _anchors = new(StringComparer.Ordinal);
    private long _nodes;
    private bool _aliased;

    /// <summary>The bound crossed, at the event that crossed it; null while within bounds.</summary>
    public (Mark At, string Message)? Violation { get; private set; }

    public ParsingEvent? Current => Violation is null ? inner.Current : null;

    public bool MoveNext()
    {
        if (Violation is not null || !inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        if (Check(current) is { } message)
        {
            Violation = (current.Start, message);
            return false;
        }

        return true;
    }

    private string? Check(ParsingEvent current)
    {
        switch (current)
        {
            case DocumentStart:
                _anchors.Clear();
                return null;
            case SequenceEnd or MappingEnd:
                var ended = _open.Pop();
                if (!ended.Anchor.IsEmpty)
                {
                    _anchors[ended.Anchor.Value] = (_nodes - ended.NodesBefore, false);
                }

                return null;
            case Scalar or SequenceStart or MappingStart or AnchorAlias:
                break;
            default:
                return null;
        }

        var isKey = _open.TryPeek(out var parent) && parent.IsMapping && parent.Children % 2 == 0;
        if (parent is not null)
        {
            parent.Children++;
        }

        switch (current)
        {
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    // An undefined anchor: the loader names it.
                    _nodes++;
                    break;
                }

                if (anchored.Nodes == Open)
                {
                    return $"alias *{alias.Value.Value} refers to a node that contains it";
                }

                if (isKey && !anchored.IsScalar)
                {
                    return "mapping keys must be plain strings, not a list or a mapping";
                }

                _nodes += anchored.Nodes;
                _aliased = true;
                break;
            case Scalar scalar:
                _nodes++;
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = (1, true);
                }

                break;
            default:
                if (isKey)
                {
                    return "mapping keys must be plain strings, not a list or a mapping";
                }

                var start = (NodeEvent)current;
                _open.Push(new Frame(current is MappingStart, start.Anchor, _nodes));
                _nodes++;
                if (_open.Count > MaxDepth)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"nesting deeper than {MaxDepth} levels");
                }

                if (!start.Anchor.IsEmpty)
                {
                    _anchors[start.Anchor.Value] = (Open, false);
                }

                break;
        }

        return _nodes > MaxNodes
            ? string.Create(CultureInfo.InvariantCulture, $"{(_aliased ? "aliases expand to" : "the file holds")} more than {MaxNodes} nodes")
            : null;
    }

    private sealed class Frame(bool isMapping, AnchorName anchor, long nodesBefore)
    {
        public bool IsMapping { get; } = isMapping;

        public AnchorName Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        // Keys and values alike: an even count means the next node is a key.
        public int Children { get; set; }
    }
}

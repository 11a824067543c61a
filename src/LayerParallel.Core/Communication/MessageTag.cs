namespace LayerParallel.Core.Communication;

/// <summary>
/// A typed message tag: <c>Value = kind · 1024 + level · 16 + channel</c>. MPI guarantees tags
/// up to 32767, which this scheme stays within (kind ≤ 31, level ≤ 63, channel ≤ 15).
/// </summary>
public readonly record struct MessageTag
{
    private MessageTag(int value) => Value = value;

    /// <summary>The integer tag passed to the transport.</summary>
    public int Value { get; }

    /// <summary>Builds the tag of a message of <paramref name="kind"/> on <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A component is outside its range.</exception>
    public static MessageTag For(MessageKind kind, int level = 0, int channel = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 63);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 15);
        return new MessageTag(((int)kind * 1024) + (level * 16) + channel);
    }

    /// <inheritdoc/>
    public override string ToString() => $"tag {Value}";
}

namespace PushExporter.Sip.Transaction;

/// <summary>The states of a non-INVITE client transaction (RFC 3261 §17.1.2.2, figure 6).</summary>
public enum NonInviteTransactionState
{
    /// <summary>The request is sent; nothing has come back yet.</summary>
    Trying,

    /// <summary>A provisional (1xx) response arrived; waiting for the final one.</summary>
    Proceeding,

    /// <summary>A final response arrived.</summary>
    Completed,

    /// <summary>The transaction is over: answered, timed out, or failed.</summary>
    Terminated,
}

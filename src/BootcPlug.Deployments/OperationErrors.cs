namespace BootcPlug.Deployments;

/// <summary>
/// An operation refused or failed; the message names the deployment or file and nothing was left half-done.
/// </summary>
public sealed class OperationFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The request itself is wrong (bad id, conflicting options): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

package dev.promptcards.server.app;

/** The process could not start; the message says why, for the operator. */
public final class AppStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not start and why
     * @param cause   the failure underneath
     */
    public AppStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The message of the innermost cause: what the operator can act on.
     *
     * @param e a failure
     * @return its root cause's message (a host that does not resolve named as such), else that cause's class name
     */
    public static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (cause instanceof java.net.UnknownHostException) {
            // its message is the bare host name
            return "could not resolve the host '" + message + "'";
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}

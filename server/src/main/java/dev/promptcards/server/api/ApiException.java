package dev.promptcards.server.api;

/**
 * A request the API refuses: its HTTP status and the message of its {@code {"error": "..."}} body, which
 * says what went wrong and what to do. No stack trace is recorded: refusals are ordinary and cheap.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the HTTP status, 4xx or 5xx
     * @param message what went wrong and what to do, sent to the client
     */
    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** The HTTP status. */
    int status() {
        return status;
    }
}

package dev.ringcast.http.internal;

/** A client error with a message for the client; servlets answer it with its status (400 by default). */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * A 400.
     *
     * @param message what is wrong and how to fix it
     */
    public BadRequestException(String message) {
        this(400, message);
    }

    /**
     * @param status a 4xx status
     * @param message what is wrong and how to fix it
     */
    public BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the status */
    public int status() {
        return status;
    }
}

package ai.liouna.data.source;

/** An image file that cannot be decoded: truncated, corrupt, or not an image at all. */
public final class CorruptImageException extends RuntimeException {

    /** The image file, relative to the dataset source. */
    private final String source;

    /** What the decoder found wrong, without the file name. */
    private final String reason;

    public CorruptImageException(String source, String reason, Throwable cause) {
        super("image " + source + " cannot be decoded: " + reason, cause);
        this.source = source;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public String reason() {
        return reason;
    }
}

package ai.liouna.config;

/** A configuration problem the user can fix; the message says what and how. */
public final class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}

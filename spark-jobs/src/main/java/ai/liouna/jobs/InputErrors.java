package ai.liouna.jobs;

import ai.liouna.config.SettingsException;

/**
 * Finds the error about the user's input inside the wrappers Spark puts around a task failure
 * ("Job aborted due to stage failure", "Task failed while writing rows"), so the launcher reports
 * "image train/cat/0007.jpg cannot be decoded ..." rather than a page of Spark stack trace.
 */
final class InputErrors {

    private InputErrors() {
    }

    /** The first input error in {@code error}'s cause chain, or {@code error} itself. */
    static Exception unwrap(Exception error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException || cause instanceof SettingsException) {
                return (RuntimeException) cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return error;
    }
}

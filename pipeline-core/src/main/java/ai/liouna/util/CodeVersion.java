package ai.liouna.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit of the running code, recorded in every summary, manifest and
 * checkpoint. Read from {@code liouna-git.properties}, which the build writes.
 */
public final class CodeVersion {

    private static final String RESOURCE = "/liouna-git.properties";
    private static final String DESCRIPTION = load();

    private CodeVersion() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT (3f2c1ab, dirty)}. */
    public static String describe() {
        return DESCRIPTION;
    }

    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown (built without version information)";
            }
            properties.load(in);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        String version = properties.getProperty("git.build.version", "unknown");
        String commit = properties.getProperty("git.commit.id.abbrev", "no commit");
        boolean dirty = Boolean.parseBoolean(properties.getProperty("git.dirty", "false"));
        return version + " (" + commit + (dirty ? ", uncommitted changes" : "") + ")";
    }
}

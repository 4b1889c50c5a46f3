package ai.liouna.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@code s3a://} paths reach their object store: endpoint, credentials, addressing style and
 * region, from the {@code s3.*} settings or, where those are empty, from the standard AWS
 * environment variables. Turned into Hadoop S3A properties in one place
 * ({@link #hadoopProperties()}), which the Spark session applies to its Hadoop configuration.
 * Secrets never appear in {@link #toString()}.
 *
 * @param endpoint        S3 endpoint URL or host; empty for AWS's default
 * @param accessKey       access key id; empty leaves credentials to S3A's default chain
 * @param secretKey       secret access key
 * @param sessionToken    session token of temporary credentials; empty if none
 * @param pathStyleAccess whether buckets are addressed as endpoint/bucket
 * @param region          signing region; empty for the client's default
 * @param credentialsFrom where the credentials came from: settings, environment or default
 */
public record S3Settings(String endpoint, String accessKey, String secretKey,
                         String sessionToken, boolean pathStyleAccess, String region,
                         String credentialsFrom) {

    private static final String S3A = "fs.s3a.";

    /** Reads {@code s3.*}, falling back to AWS_* variables of {@code environment}. */
    public static S3Settings from(Settings settings, Map<String, String> environment) {
        String accessKey = settings.getString("s3.accessKey");
        String secretKey = settings.getString("s3.secretKey");
        String token = settings.getString("s3.sessionToken");
        String from = "settings";
        if (accessKey.isEmpty() && secretKey.isEmpty()) {
            accessKey = environment.getOrDefault("AWS_ACCESS_KEY_ID", "");
            secretKey = environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
            token = environment.getOrDefault("AWS_SESSION_TOKEN", "");
            from = accessKey.isEmpty() ? "default" : "environment";
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new SettingsException("S3 credentials need both an access key and a secret"
                    + " key; set both s3.accessKey and s3.secretKey (or AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY), or neither to use the default AWS chain");
        }
        String endpoint = firstNonEmpty(settings.getString("s3.endpoint"),
                environment.get("AWS_ENDPOINT_URL_S3"), environment.get("AWS_ENDPOINT_URL"));
        String region = firstNonEmpty(settings.getString("s3.region"),
                environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION"));
        return new S3Settings(endpoint, accessKey, secretKey, token,
                settings.getBoolean("s3.pathStyleAccess"), region, from);
    }

    private static String firstNonEmpty(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    /** The Hadoop S3A properties these settings stand for; unset values are left out. */
    public Map<String, String> hadoopProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!endpoint.isEmpty()) {
            properties.put(S3A + "endpoint", endpoint);
            properties.put(S3A + "connection.ssl.enabled",
                    String.valueOf(!endpoint.startsWith("http://")));
        }
        if (!region.isEmpty()) {
            properties.put(S3A + "endpoint.region", region);
        }
        if (pathStyleAccess) {
            properties.put(S3A + "path.style.access", "true");
        }
        if (!accessKey.isEmpty()) {
            properties.put(S3A + "access.key", accessKey);
            properties.put(S3A + "secret.key", secretKey);
        }
        if (!accessKey.isEmpty() && !sessionToken.isEmpty()) {
            properties.put(S3A + "session.token", sessionToken);
            properties.put(S3A + "aws.credentials.provider",
                    "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
        }
        return properties;
    }

    /** One line for the log, without secrets. */
    @Override
    public String toString() {
        return "s3a endpoint " + (endpoint.isEmpty() ? "(AWS default)" : endpoint)
                + (region.isEmpty() ? "" : ", region " + region)
                + (pathStyleAccess ? ", path-style access" : "")
                + ", credentials from " + credentialsFrom
                + (accessKey.isEmpty() ? "" : " (access key " + Settings.MASK + ")");
    }
}

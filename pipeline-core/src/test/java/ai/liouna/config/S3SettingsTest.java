package ai.liouna.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class S3SettingsTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "AWS_ACCESS_KEY_ID", "env-id", "AWS_SECRET_ACCESS_KEY", "env-secret",
            "AWS_REGION", "eu-west-3", "AWS_ENDPOINT_URL", "https://env.example:9000");

    @Test
    void settingsComeBeforeTheEnvironment() {
        Settings settings = Settings.defaults("s3.endpoint=\"http://127.0.0.1:9000\"",
                "s3.accessKey=id", "s3.secretKey=top-secret", "s3.pathStyleAccess=true");

        Map<String, String> hadoop = S3Settings.from(settings, ENVIRONMENT).hadoopProperties();

        assertEquals("http://127.0.0.1:9000", hadoop.get("fs.s3a.endpoint"));
        assertEquals("false", hadoop.get("fs.s3a.connection.ssl.enabled"));
        assertEquals("true", hadoop.get("fs.s3a.path.style.access"));
        assertEquals("id", hadoop.get("fs.s3a.access.key"));
        assertEquals("top-secret", hadoop.get("fs.s3a.secret.key"));
        assertEquals("eu-west-3", hadoop.get("fs.s3a.endpoint.region"));
    }

    @Test
    void environmentFillsWhatTheSettingsLeaveEmpty() {
        S3Settings s3 = S3Settings.from(Settings.defaults(), ENVIRONMENT);

        assertEquals("env-id", s3.hadoopProperties().get("fs.s3a.access.key"));
        assertEquals("https://env.example:9000", s3.endpoint());
        assertEquals("true", s3.hadoopProperties().get("fs.s3a.connection.ssl.enabled"));
        assertEquals("environment", s3.credentialsFrom());
    }

    @Test
    void nothingSetLeavesS3aDefaults() {
        S3Settings s3 = S3Settings.from(Settings.defaults(), Map.of());

        assertTrue(s3.hadoopProperties().isEmpty());
        assertEquals("default", s3.credentialsFrom());
    }

    @Test
    void sessionTokenSelectsTemporaryCredentials() {
        Settings settings = Settings.defaults("s3.accessKey=id", "s3.secretKey=secret",
                "s3.sessionToken=token");

        Map<String, String> hadoop = S3Settings.from(settings, Map.of()).hadoopProperties();

        assertEquals("token", hadoop.get("fs.s3a.session.token"));
        assertTrue(hadoop.get("fs.s3a.aws.credentials.provider").endsWith(
                "TemporaryAWSCredentialsProvider"));
    }

    @Test
    void halfACredentialIsRejected() {
        assertThrows(SettingsException.class, () -> S3Settings.from(
                Settings.defaults("s3.accessKey=id"), Map.of()));
    }

    @Test
    void toStringNeverShowsSecrets() {
        Settings settings = Settings.defaults("s3.accessKey=my-id", "s3.secretKey=my-secret");

        String shown = S3Settings.from(settings, Map.of()).toString();

        assertFalse(shown.contains("my-id"), shown);
        assertFalse(shown.contains("my-secret"), shown);
    }

    @Test
    void renderedSettingsMaskSecrets() {
        Settings settings = Settings.defaults("s3.accessKey=my-id", "s3.secretKey=my-secret",
                "s3.sessionToken=my-token",
                "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=conf-secret");

        String hocon = settings.render();
        String json = settings.renderJson();

        for (String text : new String[] {hocon, json}) {
            assertFalse(text.contains("my-id"), text);
            assertFalse(text.contains("my-secret"), text);
            assertFalse(text.contains("my-token"), text);
            assertFalse(text.contains("conf-secret"), text);
            assertTrue(text.contains(Settings.MASK));
        }
        assertTrue(hocon.contains("pathStyleAccess"), "non-secret keys stay visible");
        assertEquals("my-secret", settings.getString("s3.secretKey"), "values stay usable");
    }
}

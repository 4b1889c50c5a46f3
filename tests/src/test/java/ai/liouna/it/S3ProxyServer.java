package ai.liouna.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.S3ObjectSummary;

/**
 * A real S3-compatible server on the loopback interface for tests: S3Proxy (Apache jclouds
 * behind the S3 REST API) with jclouds' in-memory "transient" store. It runs in its own JVM
 * from the self-contained jar the build copies to {@code target/s3proxy}, so its Jetty never
 * meets Spark's on one classpath. (The file-system store was tried first: it stalls for seconds
 * whenever S3A deletes a directory marker above objects that still exist, which S3A's rename
 * and Hadoop's output committer do all the time.)
 *
 * <p>{@link #settings(String...)} gives the {@code s3.*} settings that point a Liouna job at it;
 * any test that runs a job against S3 (ingest now, pretrain later) passes them as overrides.
 */
final class S3ProxyServer implements AutoCloseable {

    /** Access key id the server accepts. */
    static final String ACCESS_KEY = "liouna-test-identity";

    /** Secret key the server accepts; tests check it never appears in outputs. */
    static final String SECRET_KEY = "liouna-test-secret-9f8e7d";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    /** The server process. */
    private final Process process;

    /** The loopback port it listens on. */
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server, its configuration and log in {@code folder}, and creates the buckets
     * (names of 3 to 63 characters, as S3 requires).
     */
    static S3ProxyServer start(Path folder, String... buckets) throws IOException {
        int port = freePort();
        Path properties = folder.resolve("s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=transient"));
        Process process = new ProcessBuilder(javaCommand(), "-Xmx256m", "-jar", jar().toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("s3proxy.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        S3ProxyServer server = new S3ProxyServer(process, port);
        server.awaitListening(folder.resolve("s3proxy.log"));
        AmazonS3 client = server.client();
        for (String bucket : buckets) {
            client.createBucket(bucket);
        }
        client.shutdown();
        return server;
    }

    /** An S3 client of the AWS SDK that S3A itself uses, for what S3A cannot do. */
    AmazonS3 client() {
        return AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(
                        new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private static Path jar() {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the S3Proxy jar is missing (system property"
                    + " s3proxy.jar=" + jar + "); run the tests through Maven, which copies it"
                    + " to tests/target/s3proxy/s3proxy.jar");
        }
        return Path.of(jar);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(Path log) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue()
                        + ":\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within "
                + STARTUP.toSeconds() + " s:\n" + Files.readString(log));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while S3Proxy started", e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The keys of a bucket below a prefix, listed straight from the server. */
    List<String> keys(String bucket, String prefix) {
        AmazonS3 client = client();
        try {
            return client.listObjectsV2(bucket, prefix).getObjectSummaries().stream()
                    .map(S3ObjectSummary::getKey).toList();
        } finally {
            client.shutdown();
        }
    }

    /**
     * The {@code s3.*} settings (as {@code key=value} overrides) for this server, followed by
     * {@code more}. S3A is told to give up within seconds, so a failing test fails quickly.
     */
    List<String> settings(String... more) {
        List<String> settings = new java.util.ArrayList<>(List.of(
                "s3.endpoint=\"" + endpoint() + "\"",
                "s3.accessKey=" + ACCESS_KEY,
                "s3.secretKey=" + SECRET_KEY,
                "s3.pathStyleAccess=true",
                "s3.region=us-east-1",
                hadoop("fs.s3a.connection.timeout", "15000"),
                hadoop("fs.s3a.retry.limit", "1"),
                hadoop("fs.s3a.attempts.maximum", "1")));
        settings.addAll(List.of(more));
        return settings;
    }

    private static String hadoop(String key, String value) {
        return "spark.conf.\"spark.hadoop." + key + "\"=\"" + value + "\"";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

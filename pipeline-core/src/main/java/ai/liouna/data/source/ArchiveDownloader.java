package ai.liouna.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one file over HTTP(S) into a local file, computing its MD5 and SHA-256 on the way, and
 * moves it into place only once its MD5 matches the expected one. When the host cannot be
 * reached it fails at once with the URL and how to place the file by hand.
 */
public final class ArchiveDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveDownloader.class);

    /** How long to wait for a connection before calling the host unreachable. */
    private final Duration connectTimeout;

    public ArchiveDownloader(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * The digests of a downloaded or checked file.
     *
     * @param bytes  file length
     * @param md5    MD5, hex
     * @param sha256 SHA-256, hex
     */
    public record Digests(long bytes, String md5, String sha256) {
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param expectedMd5 the published MD5, or null to accept any content
     * @throws IOException naming the URL and the manual fix when the download fails
     */
    public Digests download(URI url, Path target, String expectedMd5) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        Files.createDirectories(target.toAbsolutePath().getParent());
        HttpResponse<InputStream> response = connect(url, target, expectedMd5);
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("download of " + url + " failed: the server answered HTTP "
                    + response.statusCode() + ". " + manualFix(url, target, expectedMd5));
        }
        LOG.info("downloading {} to {}", url, target);
        Digests digests;
        try (InputStream body = response.body();
             OutputStream out = Files.newOutputStream(partial)) {
            digests = copyDigesting(body, out);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new IOException("download of " + url + " broke off (" + e.getMessage() + "). "
                    + manualFix(url, target, expectedMd5), e);
        }
        try {
            checkMd5(digests, expectedMd5, url.toString());
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return digests;
    }

    private HttpResponse<InputStream> connect(URI url, Path target, String expectedMd5)
            throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
            throw new IOException("cannot download " + url + ": host " + url.getHost()
                    + " is unreachable from this machine (" + describe(e) + "). "
                    + manualFix(url, target, expectedMd5), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " was interrupted", e);
        }
    }

    /** The digests of a local file, e.g. one placed by hand. */
    public static Digests digests(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digests(in);
        }
    }

    /** The digests of a stream, read to its end and closed. */
    public static Digests digests(InputStream in) throws IOException {
        return copyDigesting(in, OutputStream.nullOutputStream());
    }

    /**
     * Fails unless the file's MD5 is {@code expectedMd5} (null accepts anything).
     *
     * @param name the file or URL, for the message
     */
    public static void checkMd5(Digests digests, String expectedMd5, String name)
            throws IOException {
        if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(digests.md5())) {
            throw new IOException("checksum mismatch for " + name + ": MD5 is " + digests.md5()
                    + " but the published MD5 is " + expectedMd5 + " (" + digests.bytes()
                    + " bytes). The file is incomplete or not the official one; delete it and"
                    + " download it again");
        }
    }

    private static Digests copyDigesting(InputStream in, OutputStream out) throws IOException {
        MessageDigest md5 = Checksums.digest(Checksums.MD5);
        MessageDigest sha256 = Checksums.digest(Checksums.SHA256);
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (DigestInputStream digesting = new DigestInputStream(in, md5)) {
            for (int read = digesting.read(buffer); read >= 0; read = digesting.read(buffer)) {
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
                bytes += read;
            }
        }
        return new Digests(bytes, Checksums.hex(md5.digest()), Checksums.hex(sha256.digest()));
    }

    private static String manualFix(URI url, Path target, String expectedMd5) {
        return "Fetch " + url + " on a machine with internet access and copy it to " + target
                + (expectedMd5 == null ? "" : " (its MD5 must be " + expectedMd5 + ")")
                + ", then run ingest with ingest.source=" + target;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

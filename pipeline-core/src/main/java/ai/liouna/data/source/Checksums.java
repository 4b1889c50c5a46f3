package ai.liouna.data.source;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 and SHA-256 digests of streams, as lower-case hex. */
public final class Checksums {

    public static final String SHA256 = "SHA-256";
    public static final String MD5 = "MD5";

    private static final int BUFFER_BYTES = 1 << 16;

    private Checksums() {
    }

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    /** Reads {@code in} to its end and returns its digest; does not close it. */
    public static String of(String algorithm, InputStream in) throws IOException {
        MessageDigest digest = digest(algorithm);
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return hex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        return hex(digest(SHA256).digest(bytes));
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}

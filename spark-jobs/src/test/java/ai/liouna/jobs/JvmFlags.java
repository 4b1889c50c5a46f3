package ai.liouna.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Java 17 flags of the root pom's jvm.opens property, the list every launcher needs. */
final class JvmFlags {

    private JvmFlags() {
    }

    static List<String> opens() {
        try {
            String pom = Files.readString(Path.of("..", "pom.xml"));
            Matcher property = Pattern.compile("<jvm.opens>(.*?)</jvm.opens>", Pattern.DOTALL)
                    .matcher(pom);
            if (!property.find()) {
                throw new IllegalStateException("pom.xml has no jvm.opens property");
            }
            return Arrays.stream(property.group(1).trim().split("\\s+")).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read ../pom.xml", e);
        }
    }
}

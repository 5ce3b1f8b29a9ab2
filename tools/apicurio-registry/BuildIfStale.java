import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds this project ({@code mvn package}) unless {@code target/*-runner.jar} and {@code target/lib}
 * exist and the jar is newer than {@code pom.xml} and everything under {@code src/}. Run by the main
 * build in {@code pre-integration-test} as a single-file program:
 * {@code java BuildIfStale.java <project dir> <mvn executable> offline=<true|false> <local repository>}.
 * The exit status is Maven's (0 when up to date).
 */
public final class BuildIfStale {

    private BuildIfStale() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: java BuildIfStale.java <project dir> <mvn> offline=<true|false> <local repository>");
            System.exit(2);
        }
        Path project = Path.of(args[0]).toAbsolutePath().normalize();
        Path runner = runnerJar(project.resolve("target"));
        if (runner != null && Files.isDirectory(project.resolve("target/lib"))) {
            FileTime built = Files.getLastModifiedTime(runner);
            FileTime newestInput = newestInput(project);
            if (built.compareTo(newestInput) > 0) {
                System.out.println("[apicurio-registry] up to date: " + project.relativize(runner));
                return;
            }
        }
        List<String> command = new ArrayList<>(List.of(args[1], "-B", "-q", "-f",
                project.resolve("pom.xml").toString(), "package"));
        if (args[2].equals("offline=true")) {
            command.add("-o");
        }
        if (!args[3].isBlank()) {
            command.add("-Dmaven.repo.local=" + args[3]);
        }
        System.out.println("[apicurio-registry] building: " + String.join(" ", command));
        long start = System.nanoTime();
        int status = new ProcessBuilder(command).directory(project.toFile()).inheritIO().start().waitFor();
        System.out.printf("[apicurio-registry] %s in %.1f s%n", status == 0 ? "built" : "FAILED (exit " + status + ")",
                (System.nanoTime() - start) / 1e9);
        System.exit(status);
    }

    private static Path runnerJar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst().orElse(null);
        }
    }

    private static FileTime newestInput(Path project) throws IOException {
        FileTime newest = Files.getLastModifiedTime(project.resolve("pom.xml"));
        try (Stream<Path> files = Files.walk(project.resolve("src"))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        return newest;
    }
}

package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the repository's top-level {@code schemas/} folder, which producers outside Java read,
 * identical to the schemas packaged in this module and to the checked-in sample documents.
 */
class RepositorySchemasTest {
    private static final Path REPOSITORY_SCHEMAS = repositoryRoot().resolve("schemas");

    static Stream<String> schemaNames() {
        return Schemas.NAMES.stream();
    }

    @Test
    void repositorySchemas_sameFileNamesAsPackaged() {
        List<String> names = jsonFileNames(REPOSITORY_SCHEMAS);

        assertThat(names).containsExactlyInAnyOrderElementsOf(Schemas.NAMES);
    }

    @ParameterizedTest
    @MethodSource("schemaNames")
    void repositorySchema_identicalToPackaged(String name) throws IOException {
        byte[] copy = Files.readAllBytes(REPOSITORY_SCHEMAS.resolve(name));

        byte[] packaged;
        try (InputStream stream = Schemas.open(name)) {
            packaged = stream.readAllBytes();
        }

        assertThat(new String(copy, StandardCharsets.UTF_8))
                .isEqualTo(new String(packaged, StandardCharsets.UTF_8));
    }

    @Test
    void requestExamples_identicalToSamples() {
        Path examples = REPOSITORY_SCHEMAS.resolve("examples/requests");

        assertThat(examples).isDirectory();
        assertThat(jsonFileNames(examples))
                .containsExactlyElementsOf(jsonFileNames(sampleFolder(Samples.REQUESTS)));
        assertSameContents(examples, sampleFolder(Samples.REQUESTS));
    }

    @Test
    void resultExamples_identicalToSamples() {
        Path examples = REPOSITORY_SCHEMAS.resolve("examples/results");

        assertThat(examples).isDirectory();
        assertThat(jsonFileNames(examples)).containsExactlyElementsOf(Samples.resultNames());
        assertSameContents(examples, sampleFolder(Samples.RESULTS));
    }

    private static void assertSameContents(Path copies, Path originals) {
        for (String name : jsonFileNames(originals)) {
            assertThat(copies.resolve(name)).hasSameTextualContentAs(originals.resolve(name));
        }
    }

    private static List<String> jsonFileNames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder + " failed", e);
        }
    }

    private static Path sampleFolder(String resource) {
        try {
            return Path.of(RepositorySchemasTest.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("sample folder has no file URI: " + resource, e);
        }
    }

    /**
     * Finds the repository root by walking up from the working directory, which Maven sets to the
     * module folder, to the folder that contains both {@code contracts/} and {@code schemas/}.
     */
    private static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("contracts"))
                    && Files.isDirectory(folder.resolve("schemas"))) {
                return folder;
            }
        }
        throw new IllegalStateException(
                "no folder with contracts/ and schemas/ above "
                        + start
                        + "; run the tests from inside the repository");
    }
}

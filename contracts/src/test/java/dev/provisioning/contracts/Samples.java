package dev.provisioning.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the checked-in sample documents under {@code samples/} on the test classpath and builds
 * edited copies of them, so each test starts from a valid document and changes one thing.
 */
public final class Samples {
    /** Classpath folder of the valid requests, one per type, named {@code <type>.json}. */
    public static final String REQUESTS = "/samples/requests/";

    /** Classpath folder of the valid results. */
    public static final String RESULTS = "/samples/results/";

    /** Keeps fractions exactly as written, so that 1.0 stays 1.0 instead of becoming 1. */
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .build();

    private Samples() {}

    /** Returns the bytes of the valid sample request of a type. */
    public static byte[] requestBytes(RequestType type) {
        return read(REQUESTS + type.wireName() + ".json");
    }

    /** Returns a fresh, mutable tree of the valid sample request of a type. */
    public static ObjectNode request(RequestType type) {
        return (ObjectNode) parse(requestBytes(type));
    }

    /** Returns the file names of the valid sample results, sorted. */
    public static List<String> resultNames() {
        return list(RESULTS);
    }

    /** Returns the bytes of one sample result by file name. */
    public static byte[] resultBytes(String name) {
        return read(RESULTS + name);
    }

    /** Returns a copy of the document with the edits applied in order. */
    public static ObjectNode edited(ObjectNode document, List<Edit> edits) {
        ObjectNode copy = document.deepCopy();
        for (Edit edit : edits) {
            edit.applyTo(copy);
        }
        return copy;
    }

    /** Returns a copy of the type's sample request with the edits applied in order. */
    public static ObjectNode editedRequest(RequestType type, Edit... edits) {
        return edited(request(type), List.of(edits));
    }

    /** Parses JSON text, keeping numbers as written. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("test JSON is invalid: " + json, e);
        }
    }

    /** Parses JSON bytes, keeping numbers as written. */
    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("test JSON is invalid", e);
        }
    }

    /** Writes a tree as compact UTF-8 JSON. */
    public static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a tree to memory failed", e);
        }
    }

    /** Returns the JSON text of a Java string, quotes and escapes included. */
    public static String jsonString(String value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a string to memory failed", e);
        }
    }

    /** Returns a string of exactly {@code length} letters, cycling through the alphabet. */
    public static String letters(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + i % 26));
        }
        return text.toString();
    }

    /** Returns a JSON object text with {@code count} distinct label entries. */
    public static String labels(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"key-").append(i).append("\":\"v\"");
        }
        return json.append('}').toString();
    }

    private static byte[] read(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "sample missing from the test classpath: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading sample " + resource + " failed", e);
        }
    }

    private static List<String> list(String folder) {
        URL url = Samples.class.getResource(folder);
        if (url == null) {
            throw new IllegalStateException("sample folder missing: " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder + " failed", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("sample folder has no file URI: " + url, e);
        }
    }
}

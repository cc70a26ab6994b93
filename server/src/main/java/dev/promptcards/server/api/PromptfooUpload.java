package dev.promptcards.server.api;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What a promptfoo import sends: the config's YAML as the whole body, or, to bring its CSV tests along (the
 * file a {@code tests: file://tests.csv} names, which the server cannot read), a {@code multipart/form-data}
 * body with the parts {@code config} and {@code tests}, as {@code curl -F config=@promptfooconfig.yaml
 * -F tests=@tests.csv} sends them.
 *
 * @param yaml the config
 * @param csv  the CSV tests, or null
 */
record PromptfooUpload(String yaml, String csv) {

    static final String CONFIG_PART = "config";
    static final String TESTS_PART = "tests";
    private static final Set<String> PARTS = Set.of(CONFIG_PART, TESTS_PART);

    /** Reads the request's body; a multipart body without its config or with another part is a 400. */
    static PromptfooUpload read(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            return new PromptfooUpload(ctx.body(), null);
        }
        for (String name : ctx.uploadedFileMap().keySet()) {
            requireKnown(name);
        }
        for (String name : ctx.formParamMap().keySet()) {
            requireKnown(name);
        }
        String yaml = part(ctx, CONFIG_PART);
        if (yaml == null) {
            throw ApiException.badRequest("the multipart body has no part '" + CONFIG_PART + "': send the promptfoo"
                    + " config as '" + CONFIG_PART + "' and its CSV tests as '" + TESTS_PART + "'");
        }
        return new PromptfooUpload(yaml, part(ctx, TESTS_PART));
    }

    private static void requireKnown(String name) {
        if (!PARTS.contains(name)) {
            throw ApiException.badRequest("unknown part '" + Access.shown(name) + "': a promptfoo import takes '"
                    + CONFIG_PART + "' (the YAML) and '" + TESTS_PART + "' (its CSV tests)");
        }
    }

    /** A part sent as a file or as a plain field, as UTF-8 text; null when absent. */
    private static String part(Context ctx, String name) {
        UploadedFile file = ctx.uploadedFile(name);
        if (file == null) {
            return ctx.formParam(name);
        }
        try (InputStream in = file.content()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the part '" + name + "'", e);
        }
    }
}

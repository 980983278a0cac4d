package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth images} / {@code berth image ls}: one row per repository and tag. */
@Command(name = "images", description = "List images", customSynopsis = "berth images [OPTIONS] [REPOSITORY[:TAG]]")
public final class ImagesCommand extends EngineCommand {
    static final String DEFAULT_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    static final String DIGEST_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    static final Map<String, String> HEADERS = Map.of("Repository", "REPOSITORY", "Tag", "TAG", "ID", "IMAGE ID",
            "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE", "Digest", "DIGEST",
            "Containers", "CONTAINERS", "SharedSize", "SHARED SIZE");
    static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repository;

    @Override
    protected int execute() throws Exception {
        Map<String, List<String>> filterMap = Filters.parse(filters);
        if (repository != null) {
            filterMap.computeIfAbsent("reference", k -> new ArrayList<>()).add(repository);
        }
        OutputFormat output = OutputFormat.parse(quiet ? "{{.ID}}" : format, digests ? DIGEST_TABLE : DEFAULT_TABLE);
        JsonNode images = client().get("/images/json", Query.of().flag("all", all).addIfPresent("filters", Filters.json(filterMap)));
        List<Row> rows = new ArrayList<>();
        for (JsonNode image : images) {
            rows.addAll(rows(image));
        }
        io().out().print(output.render(rows, Row.header(HEADERS)));
        io().out().flush();
        return 0;
    }

    /** docker's rows for one image: each repository:tag, digests matched by repository, <none> when untagged. */
    List<Row> rows(JsonNode image) {
        Map<String, List<String>> tagsByRepo = new LinkedHashMap<>();
        Map<String, List<String>> digestsByRepo = new LinkedHashMap<>();
        for (JsonNode tag : image.path("RepoTags")) {
            String text = tag.asText();
            if (text.equals("<none>:<none>")) {
                continue;
            }
            int colon = text.lastIndexOf(':');
            if (colon <= text.lastIndexOf('/')) {
                continue;
            }
            tagsByRepo.computeIfAbsent(text.substring(0, colon), k -> new ArrayList<>()).add(text.substring(colon + 1));
        }
        for (JsonNode digest : image.path("RepoDigests")) {
            String text = digest.asText();
            int at = text.indexOf('@');
            if (at <= 0 || text.equals("<none>@<none>")) {
                continue;
            }
            digestsByRepo.computeIfAbsent(text.substring(0, at), k -> new ArrayList<>()).add(text.substring(at + 1));
            tagsByRepo.computeIfAbsent(text.substring(0, at), k -> new ArrayList<>());
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<String>> repo : tagsByRepo.entrySet()) {
            List<String> tags = repo.getValue().isEmpty() ? List.of("<none>") : repo.getValue();
            List<String> repoDigests = digestsByRepo.getOrDefault(repo.getKey(), List.of());
            for (String tag : tags) {
                rows.add(row(image, repo.getKey(), tag, repoDigests.isEmpty() ? "<none>" : repoDigests.getFirst()));
            }
        }
        if (rows.isEmpty()) {
            rows.add(row(image, "<none>", "<none>", "<none>"));
        }
        return rows;
    }

    private Row row(JsonNode image, String repository, String tag, String digest) {
        Instant created = Instant.ofEpochSecond(image.path("Created").asLong());
        String id = image.path("Id").asText();
        return Row.of("*formatter.imageContext")
                .put("ID", () -> noTrunc ? id : shortId(id))
                .put("Repository", () -> repository)
                .put("Tag", () -> tag)
                .put("Digest", () -> digest)
                .put("CreatedSince", () -> image.path("Created").asLong() <= 0 ? "N/A"
                        : Humanize.ago(Duration.between(created, session().clock().instant())))
                .put("CreatedAt", () -> GO_TIME.format(created.atZone(ZoneId.systemDefault())))
                .put("Size", () -> Humanize.size(image.path("Size").asDouble()))
                .put("Containers", () -> image.path("Containers").asLong(-1) < 0 ? "N/A" : image.path("Containers").asText())
                .put("SharedSize", () -> image.path("SharedSize").asLong(-1) < 0 ? "N/A" : Humanize.size(image.path("SharedSize").asDouble()))
                .put("UniqueSize", () -> image.path("SharedSize").asLong(-1) < 0 ? "N/A"
                        : Humanize.size(image.path("Size").asDouble() - image.path("SharedSize").asDouble()))
                .put("VirtualSize", () -> Humanize.size(image.path("VirtualSize").asDouble(image.path("Size").asDouble())));
    }

    /** 12 hex characters of the id, without "sha256:". */
    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}

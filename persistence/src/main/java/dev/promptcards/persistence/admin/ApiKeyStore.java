package dev.promptcards.persistence.admin;

import dev.promptcards.card.CardKey;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.promptcards.persistence.jooq.Tables.API_KEYS;
import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;

/**
 * A workspace's API keys: created (the secret returned once), listed, revoked, and checked.
 *
 * <p>A key is {@code pck_} and 43 characters of unpadded base64url: 32 bytes from {@link SecureRandom}, 256
 * bits. Only its SHA-256 is stored. A fast, unsalted hash is enough here, unlike for passwords: slow hashes
 * and salts protect guessable secrets against guessing from a stolen hash, and 2^256 random keys cannot be
 * guessed at any speed; a deterministic hash also lets {@link #authenticate} find the key by an index.
 *
 * <p>{@link #authenticate} looks the key up by its hash; no constant-time comparison is needed: what a
 * timing could reveal is how the stored hashes compare to the hash of the caller's guess, and since SHA-256
 * cannot be inverted that tells nothing about any key's secret (the caller cannot pick a guess whose hash
 * matches more of a stored hash).
 *
 * <p>Thread-safe: every call is one statement or one transaction on the pool.
 */
public final class ApiKeyStore {

    /** What every key starts with: says what it is to a reader and to secret scanners. */
    public static final String PREFIX = "pck_";

    /** How often the use of a key is recorded at most: a busy integration would otherwise write a row a
     *  request. */
    public static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private static final int KEY_BYTES = 32;
    /** 32 bytes in unpadded base64url: ceil(32 * 8 / 6) = 43 characters. */
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
    private static final int ID_BYTES = 12;

    /** The key's last use is older than {@link #LAST_USE_RESOLUTION} (or it was never used). */
    private static final Condition LAST_USE_IS_STALE = DSL.condition(
            "{0} is null or {0} < now() - make_interval(secs => {1})",
            API_KEYS.LAST_USED_AT, DSL.inline(LAST_USE_RESOLUTION.toSeconds()));
    private static final Field<Boolean> LAST_USE_STALE = DSL.field(LAST_USE_IS_STALE).as("last_use_stale");

    private final DSLContext dsl;
    private final SecureRandom random = new SecureRandom();

    /**
     * A store on the given database.
     *
     * @param dsl a jOOQ context for PostgreSQL over a pool (e.g. {@code Database.dsl()})
     */
    public ApiKeyStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Creates a key.
     *
     * @param workspace the workspace it belongs to
     * @param name      its label (1 to 256 characters)
     * @param role      its role there
     * @return the key with its secret, the only time the secret is known
     * @throws IllegalArgumentException if the workspace id or the name is not valid
     * @throws NoSuchWorkspaceException if there is no such workspace
     */
    public NewApiKey create(String workspace, String name, WorkspaceRole role) {
        CardKey.checkId("workspace", workspace);
        AdminText.check("key name", name, false);
        Objects.requireNonNull(role, "role");
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String id = "ak_" + base64url.encodeToString(randomBytes(ID_BYTES));
        String key = PREFIX + base64url.encodeToString(randomBytes(KEY_BYTES));
        OffsetDateTime createdAt = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            if (!tx.fetchExists(tx.selectOne().from(WORKSPACES).where(WORKSPACES.ID.eq(workspace)).forKeyShare())) {
                throw new NoSuchWorkspaceException(workspace);
            }
            return tx.insertInto(API_KEYS, API_KEYS.ID, API_KEYS.WORKSPACE, API_KEYS.NAME, API_KEYS.ROLE, API_KEYS.HASH)
                    .values(id, workspace, name, role.value(), hash(key))
                    .returning(API_KEYS.CREATED_AT)
                    .fetchSingle(API_KEYS.CREATED_AT);
        });
        return new NewApiKey(id, workspace, name, role, key, createdAt.toInstant());
    }

    /**
     * A workspace's keys, revoked ones included, oldest first.
     *
     * @param workspace the workspace id
     * @return the keys (no secrets, no hashes), empty for an unknown workspace
     * @throws IllegalArgumentException if the id is not valid
     */
    public List<ApiKeyInfo> list(String workspace) {
        CardKey.checkId("workspace", workspace);
        return dsl.select(API_KEYS.ID, API_KEYS.WORKSPACE, API_KEYS.NAME, API_KEYS.ROLE, API_KEYS.CREATED_AT,
                        API_KEYS.LAST_USED_AT, API_KEYS.REVOKED_AT)
                .from(API_KEYS)
                .where(API_KEYS.WORKSPACE.eq(workspace))
                .orderBy(API_KEYS.CREATED_AT, API_KEYS.ID)
                .fetch(ApiKeyStore::info);
    }

    /**
     * Revokes a key of a workspace: it never authenticates again.
     *
     * @param workspace the workspace id (a key of another workspace is not touched)
     * @param keyId     the key's id
     * @return true if this call revoked it; false if the workspace has no such key or it was revoked before
     * @throws IllegalArgumentException if the workspace id is not valid
     */
    public boolean revoke(String workspace, String keyId) {
        CardKey.checkId("workspace", workspace);
        Objects.requireNonNull(keyId, "keyId");
        return dsl.update(API_KEYS)
                .set(API_KEYS.REVOKED_AT, DSL.currentOffsetDateTime())
                .where(API_KEYS.WORKSPACE.eq(workspace), API_KEYS.ID.eq(keyId), API_KEYS.REVOKED_AT.isNull())
                .execute() == 1;
    }

    /**
     * Checks a key, and records its use (at most once per {@link #LAST_USE_RESOLUTION}, by the database's
     * clock).
     *
     * @param key what the caller presented (e.g. the bearer token)
     * @return who the key speaks for, or empty if it is not a key, unknown or revoked
     */
    public Optional<ApiKeyPrincipal> authenticate(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        Record row = dsl.select(API_KEYS.ID, API_KEYS.WORKSPACE, API_KEYS.ROLE, API_KEYS.REVOKED_AT, LAST_USE_STALE)
                .from(API_KEYS)
                .where(API_KEYS.HASH.eq(hash(key)))
                .fetchOne();
        if (row == null || row.get(API_KEYS.REVOKED_AT) != null) {
            return Optional.empty();
        }
        String id = row.get(API_KEYS.ID);
        if (Boolean.TRUE.equals(row.get(LAST_USE_STALE))) {
            // the condition again: of concurrent uses, one writes
            dsl.update(API_KEYS)
                    .set(API_KEYS.LAST_USED_AT, DSL.currentOffsetDateTime())
                    .where(API_KEYS.ID.eq(id), LAST_USE_IS_STALE)
                    .execute();
        }
        return Optional.of(new ApiKeyPrincipal(row.get(API_KEYS.WORKSPACE), id,
                WorkspaceRole.parse(row.get(API_KEYS.ROLE))));
    }

    /** The stored form of a key: SHA-256 of its UTF-8 bytes, 64 lowercase hex digits. */
    static String hash(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static ApiKeyInfo info(Record r) {
        return new ApiKeyInfo(r.get(API_KEYS.ID), r.get(API_KEYS.WORKSPACE), r.get(API_KEYS.NAME),
                WorkspaceRole.parse(r.get(API_KEYS.ROLE)), r.get(API_KEYS.CREATED_AT).toInstant(),
                instant(r.get(API_KEYS.LAST_USED_AT)), instant(r.get(API_KEYS.REVOKED_AT)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

package dev.promptcards.card.schema;

/**
 * The names in a prompt card's Yjs document, as every replica (server, runner, web client) spells
 * them: the top-level types, and the keys of each nested map. The layout is the card document schema
 * (ARCHITECTURE.md); the web client's {@code src/card/schema.ts} and {@code src/card/runs.ts} read and
 * write the same names.
 */
public final class CardFields {

    /** Top-level {@code Y.Text}: the card's title. */
    public static final String TITLE = "title";
    /** Top-level {@code Y.Text}: what the card is for. */
    public static final String DESCRIPTION = "description";
    /** Top-level {@code Y.Text}: the system prompt, may be empty. */
    public static final String SYSTEM = "system";
    /** Top-level {@code Y.Text}: the user prompt with {@code {{var}}} placeholders. */
    public static final String TEMPLATE = "template";
    /** Top-level {@code Y.Map} of plain values: see {@link Model}. */
    public static final String MODEL = "model";
    /** Top-level {@code Y.Array} of test case {@code Y.Map}s: see {@link Test}. */
    public static final String TESTS = "tests";
    /** Top-level {@code Y.Map} from run id to run {@code Y.Map}, written by the server only: see {@link Run}. */
    public static final String RUNS = "runs";

    private CardFields() {}

    /** The plain values of the {@code model} map. */
    public static final class Model {
        /** String: openai, anthropic, ollama, echo. */
        public static final String PROVIDER = "provider";
        /** String: the provider's model name. */
        public static final String MODEL = "model";
        /** Number. */
        public static final String TEMPERATURE = "temperature";
        /** Whole number. */
        public static final String MAX_TOKENS = "maxTokens";

        private Model() {}
    }

    /** A test case: a {@code Y.Map} in {@code tests}, created whole with its children. */
    public static final class Test {
        /** String (a UUID), stable across edits. */
        public static final String ID = "id";
        /** {@code Y.Text}. */
        public static final String NAME = "name";
        /** {@code Y.Map} from variable name to {@code Y.Text}. */
        public static final String VARS = "vars";
        /** {@code Y.Text}: the expected output, may be empty. */
        public static final String EXPECTED = "expected";
        /** {@code Y.Array} of assertion {@code Y.Map}s: see {@link Assertion}. */
        public static final String ASSERT = "assert";
        /** Number, optional: the weighted score the test needs to pass (promptfoo). */
        public static final String THRESHOLD = "threshold";

        private Test() {}
    }

    /** An assertion of a test case: a {@code Y.Map} of plain values in the case's {@code assert} array. */
    public static final class Assertion {
        /** String: promptfoo's assertion type, e.g. {@code contains} or {@code not-contains}. */
        public static final String TYPE = "type";
        /** Optional: a string, number, list or object, as in promptfoo's YAML. */
        public static final String VALUE = "value";
        /** Number, optional. */
        public static final String THRESHOLD = "threshold";
        /** Number, optional. */
        public static final String WEIGHT = "weight";

        private Assertion() {}
    }

    /** A run: a {@code Y.Map} in {@code runs}, under its id. */
    public static final class Run {
        /** String: a {@link RunStatus}. */
        public static final String STATUS = "status";
        /** String. */
        public static final String PROVIDER = "provider";
        /** String. */
        public static final String MODEL = "model";
        /** String: who started the run. */
        public static final String BY = "by";
        /** String, ISO-8601 UTC with milliseconds (JS {@code Date#toISOString}). */
        public static final String STARTED_AT = "startedAt";
        /** String, ISO-8601 as {@link #STARTED_AT}; set when the run ends. */
        public static final String FINISHED_AT = "finishedAt";
        /** String: the base64 state vector of the card revision that was run. */
        public static final String STATE_VECTOR = "stateVector";
        /** Plain object: see {@link Summary}. */
        public static final String SUMMARY = "summary";
        /** {@code Y.Map} from test case id to result {@code Y.Map}: see {@link Result}. */
        public static final String RESULTS = "results";
        /** String, optional: why the run as a whole ended {@code error} or {@code cancelled}. */
        public static final String ERROR = "error";

        private Run() {}
    }

    /** The plain object under a run's {@code summary}. */
    public static final class Summary {
        /** Whole number. */
        public static final String PASSED = "passed";
        /** Whole number. */
        public static final String FAILED = "failed";
        /** Whole number. */
        public static final String ERRORS = "errors";
        /** Whole number. */
        public static final String TOKENS_IN = "tokensIn";
        /** Whole number. */
        public static final String TOKENS_OUT = "tokensOut";
        /** Number, optional. */
        public static final String COST_USD = "costUsd";
        /** Whole number, optional: the median latency of the run's tests. */
        public static final String LATENCY_MS_P50 = "latencyMsP50";

        private Summary() {}
    }

    /** A test's result in a run: a {@code Y.Map} in the run's {@code results}, under the test case id. */
    public static final class Result {
        /** String: a {@link RunStatus}. */
        public static final String STATUS = "status";
        /** {@code Y.Text}, streamed token by token. */
        public static final String OUTPUT = "output";
        /** Boolean, optional. */
        public static final String PASS = "pass";
        /** Number, optional. */
        public static final String SCORE = "score";
        /** Plain array of plain objects: see {@link AssertionResult}. */
        public static final String ASSERTIONS = "assertions";
        /** Whole number, optional. */
        public static final String LATENCY_MS = "latencyMs";
        /** Whole number, optional. */
        public static final String TOKENS_IN = "tokensIn";
        /** Whole number, optional. */
        public static final String TOKENS_OUT = "tokensOut";
        /** Number, optional. */
        public static final String COST_USD = "costUsd";
        /** String, optional: what went wrong. */
        public static final String ERROR = "error";

        private Result() {}
    }

    /** One element of a result's {@code assertions} array (a plain object). */
    public static final class AssertionResult {
        /** String: the assertion's type. */
        public static final String TYPE = "type";
        /** Boolean. */
        public static final String PASS = "pass";
        /** Number, optional. */
        public static final String SCORE = "score";
        /** String, optional. */
        public static final String REASON = "reason";

        private AssertionResult() {}
    }
}

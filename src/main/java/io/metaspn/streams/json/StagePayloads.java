package io.metaspn.streams.json;

import static io.metaspn.streams.json.Fields.array;
import static io.metaspn.streams.json.Fields.bool;
import static io.metaspn.streams.json.Fields.integer;
import static io.metaspn.streams.json.Fields.number;
import static io.metaspn.streams.json.Fields.object;
import static io.metaspn.streams.json.Fields.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.stages.M0Ingest;
import io.metaspn.streams.stages.M1Route;
import io.metaspn.streams.stages.M2Shortlist;
import io.metaspn.streams.stages.M3Learning;
import io.metaspn.streams.stages.M4Rewards;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON shapes of the reference stages' payloads and of the M4 config (snake_case fields, as in the spec): the
 * reference games' JSON side ({@code io.metaspn.streams.game.reference.ReferenceGames}). Other games read their
 * payloads through their own binding.
 */
public final class StagePayloads {
    private StagePayloads() {
    }

    /** An M0 post ({@code platform}, {@code external_id}, {@code actor_ref}, {@code content_hash}). */
    public static M0Ingest.Post post(JsonNode p) {
        return new M0Ingest.Post(string(p, "platform"), string(p, "external_id"),
                string(p, "actor_ref"), string(p, "content_hash"));
    }

    /**
     * An M1 profile ({@code profile_id}, {@code profile_tier}, {@code channel}, {@code quality_score},
     * {@code intent_score}).
     */
    public static M1Route.Profile profile(JsonNode p) {
        return new M1Route.Profile(string(p, "profile_id"), string(p, "profile_tier"),
                string(p, "channel"), number(p, "quality_score"), number(p, "intent_score"));
    }

    /** An M2 shortlist ({@code audience_id}, {@code prompt}, {@code candidates}). */
    public static M2Shortlist.Shortlist shortlist(JsonNode p) {
        List<M2Shortlist.Candidate> candidates = elements(array(p, "candidates"), "candidates",
                c -> new M2Shortlist.Candidate(string(c, "candidate_id"), string(c, "title"),
                        number(c, "score"), number(c, "context_boost", 0.0)));
        return new M2Shortlist.Shortlist(string(p, "audience_id"), string(p, "prompt"), candidates);
    }

    /**
     * An M3 attempt ({@code learner_id}, {@code skill_id}, {@code attempt_id}, {@code expected_score},
     * {@code observed_score}).
     */
    public static M3Learning.Attempt attempt(JsonNode p) {
        return new M3Learning.Attempt(string(p, "learner_id"), string(p, "skill_id"),
                string(p, "attempt_id"), number(p, "expected_score"), number(p, "observed_score"));
    }

    /** An M4 season ({@code season_id}, {@code total_reward_pool}, {@code games}). */
    public static M4Rewards.Season season(JsonNode p) {
        List<M4Rewards.Game> games = elements(array(p, "games"), "games", g -> {
            List<M4Rewards.Staker> stakers = elements(array(g, "stakers"), "stakers",
                    s -> new M4Rewards.Staker(string(s, "staker_id"), number(s, "stake_weight"),
                            integer(s, "conviction_days", 0)));
            return new M4Rewards.Game(string(g, "game_id"), number(g, "attention_weight"), stakers);
        });
        return new M4Rewards.Season(string(p, "season_id"), number(p, "total_reward_pool"), games);
    }

    /**
     * The M4 config object ({@code enable_early_conviction_multiplier}, {@code early_conviction_multiplier},
     * {@code early_conviction_days_threshold}); absent fields keep their defaults.
     */
    public static M4Rewards.Config m4Config(JsonNode c) {
        object(c, "config");
        M4Rewards.Config defaults = M4Rewards.Config.DEFAULT;
        return new M4Rewards.Config(
                bool(c, "enable_early_conviction_multiplier", defaults.enableEarlyConvictionMultiplier()),
                c.has("early_conviction_multiplier") ? number(c, "early_conviction_multiplier")
                        : defaults.earlyConvictionMultiplier(),
                integer(c, "early_conviction_days_threshold", defaults.earlyConvictionDaysThreshold()));
    }

    /** Decodes each object of {@code array}; errors of element {@code i} are reported under {@code name[i]}. */
    private static <E> List<E> elements(JsonNode array, String name, Function<JsonNode, E> element) {
        List<E> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = name + "[" + i + "]";
            JsonNode node = object(array.get(i), path);
            try {
                result.add(element.apply(node));
            } catch (ValidationException e) {
                throw e.under(path);
            }
        }
        return result;
    }
}

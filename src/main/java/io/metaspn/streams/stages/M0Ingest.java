package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Step;
import io.metaspn.streams.engine.StepResult;
import java.util.List;

/** M0: ingest → resolve → emit. Accepts observed content, resolves its actor to an entity, numbers its events. */
public final class M0Ingest extends ReferenceStage<M0Ingest.Post, M0Ingest.IngestState> {
    public static final String KEY = "m0_ingest";
    public static final String PIPELINE = "m0_ingest_resolve_emit";

    /** An observed piece of content. Entity key: {@code platform:actor_ref}. */
    public record Post(String platform, String externalId, String actorRef, String contentHash) {
        public Post {
            Checks.nonEmpty(platform, "platform");
            Checks.present(externalId, "external_id");
            Checks.nonEmpty(actorRef, "actor_ref");
            Checks.present(contentHash, "content_hash");
        }

        /** {@code platform:actor_ref}. */
        public String entityRef() {
            return platform + ":" + actorRef;
        }
    }

    /** Per-entity counters. */
    public record IngestState(long ingestedCount, long resolvedCount, String lastEntityRef) {
        public static final IngestState INITIAL = new IngestState(0, 0, "");

        public IngestState withResolved(String entityRef) {
            return new IngestState(ingestedCount + 1, resolvedCount + 1, entityRef);
        }
    }

    /** {@code m0.ingest.accepted}. */
    public record IngestAccepted(String platform, String externalId, String contentHash) {
    }

    /** {@code m0.resolve.completed}. */
    public record ResolveCompleted(String entityRef, String externalId) {
    }

    /** {@code m0.event.ready}. */
    public record EventReady(String entityRef, long ordinal) {
    }

    private static final Pipeline<Post, IngestState> PIPELINE_STEPS = Pipeline.of(PIPELINE,
            Step.<Post, IngestState>of("ingest", (signal, state) -> {
                Post post = signal.payload();
                return StepResult.emit(Emission.of(signal, "ingest", "m0.ingest.accepted",
                        new IngestAccepted(post.platform(), post.externalId(), post.contentHash())));
            }),
            Step.<Post, IngestState>of("resolve", (signal, state) -> {
                String entityRef = signal.payload().entityRef();
                return StepResult.of(Emission.of(signal, "resolve", "m0.resolve.completed",
                        new ResolveCompleted(entityRef, signal.payload().externalId())),
                        s -> s.withResolved(entityRef));
            }),
            Step.<Post, IngestState>of("emit", (signal, state) -> StepResult.emit(Emission.of(signal, "emit",
                    "m0.event.ready", new EventReady(state.lastEntityRef(), state.resolvedCount())))));

    /** The stage. */
    public M0Ingest() {
        super(KEY, "m0", List.of("ingest", "resolve", "emit"), Post.class, IngestState.INITIAL, PIPELINE_STEPS);
    }

    @Override
    public String entityKey(Post payload) {
        return payload.entityRef();
    }
}

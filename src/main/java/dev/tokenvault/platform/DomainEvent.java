package dev.tokenvault.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A CDI event that a lower package fires to tell higher ones that something happened (a connection was
 * deleted, its state changed), without importing them. An observer may hand back asynchronous work with
 * {@link #then}; the code that fired the event runs it with {@link #followUps()} before it goes on, one piece
 * after another (never at once: the pieces may share a database session).
 */
public abstract class DomainEvent {

    private final List<Supplier<Uni<Void>>> followUps = new ArrayList<>();

    /** Asks the firer to run {@code work} before it answers. */
    public void then(Supplier<Uni<Void>> work) {
        followUps.add(work);
    }

    /** The observers' work, run in order; completes when all of it has. */
    public Uni<Void> followUps() {
        if (followUps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(List.copyOf(followUps))
                .onItem().transformToUniAndConcatenate(Supplier::get)
                .collect().last().replaceWithVoid();
    }
}

package io.eventwire.autoconfigure.outbox;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server with the real server's {@code $currentDate} timestamps. mongo-java-server
 * stamps {@code Timestamp(seconds, 0)}, so writes within one second are stamped alike; a real
 * server takes each from its cluster time ({@code LogicalClock::reserveTicks}), unique and
 * increasing in the order it applies the writes. Tests of the order across writer processes need
 * that; this backend gives every such timestamp the next tick as the write is applied.
 */
final class ClusterTimeBackend extends MemoryBackend {

	private final AtomicLong lastTick = new AtomicLong();

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new MemoryDatabase(databaseName, getCursorRegistry()) {
			@Override
			protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
				return new TickingCollection(this, collectionName, options, getCursorRegistry());
			}
		};
	}

	private void tick(Document document) {
		for (Map.Entry<String, Object> field : document.entrySet()) {
			if (field.getValue() instanceof BsonTimestamp timestamp && timestamp.getInc() == 0) {
				long floor = (long) timestamp.getTime() << 32;
				long tick = this.lastTick.updateAndGet((last) -> Math.max(last + 1, floor + 1));
				field.setValue(new BsonTimestamp(tick));
			}
		}
	}

	private final class TickingCollection extends MemoryCollection {

		TickingCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
			super(database, name, options, cursors);
		}

		@Override
		protected Integer addDocumentInternal(Document document) {
			tick(document);
			return super.addDocumentInternal(document);
		}

		@Override
		protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
			tick(newDocument);
			super.handleUpdate(position, oldDocument, newDocument);
		}

	}

}

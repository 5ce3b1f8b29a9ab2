package io.metaspn.streams.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all RocksDB stores of this process by one budget
 * ({@value MetaspnConfig#ROCKSDB_MEMORY_BYTES}, default 64 MiB): one block cache shared by every store, holding
 * index and filter blocks too, with a quarter of it counted for memtables through a shared write-buffer
 * manager. Kafka Streams creates it from its class name and hands it the configuration's originals, which it parses
 * with {@link MetaspnConfig}.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {
    private static final double WRITE_BUFFER_SHARE = 0.25;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static long budget;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedMemoryRocksDBConfig.class) {
            if (cache == null) {
                budget = new MetaspnConfig(configs).rocksDbMemoryBytes();
                cache = new LRUCache(budget, -1, false, 0.1);
                writeBufferManager = new WriteBufferManager((long) (budget * WRITE_BUFFER_SHARE), cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared by every store of the process: not closed per store
    }

    /** The budget in force (0 before the first store was configured). */
    static synchronized long budget() {
        return budget;
    }
}

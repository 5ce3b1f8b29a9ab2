package io.metaspn.streams.registry;

import org.apache.avro.Schema;

/** Schemas of one evolving record type, and a few that break it, for the registry tests. */
final class TestSchemas {
    private TestSchemas() {
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json.replace('\'', '"'));
    }

    /** v1: a name. */
    static final Schema USER_V1 = parse("""
            {'type':'record','name':'User','namespace':'test.registry','fields':[
              {'name':'name','type':'string'}]}""");

    /** v2: adds an age with a default (backward and forward compatible with v1). */
    static final Schema USER_V2 = parse("""
            {'type':'record','name':'User','namespace':'test.registry','fields':[
              {'name':'name','type':'string'},
              {'name':'age','type':'int','default':0}]}""");

    /** v3: drops the age's default: reads v2 data, but not v1 data (which has no age). */
    static final Schema USER_V3_AGE_REQUIRED = parse("""
            {'type':'record','name':'User','namespace':'test.registry','fields':[
              {'name':'name','type':'string'},
              {'name':'age','type':'int'}]}""");

    /** Changes v2's age from int to string: cannot read v2 data. */
    static final Schema USER_AGE_AS_STRING = parse("""
            {'type':'record','name':'User','namespace':'test.registry','fields':[
              {'name':'name','type':'string'},
              {'name':'age','type':'string','default':''}]}""");

    /** Drops the name: reads v1 data, but v1 readers cannot read its data (backward only). */
    static final Schema USER_WITHOUT_NAME = parse("""
            {'type':'record','name':'User','namespace':'test.registry','fields':[]}""");

    /** v1 plus a required email: v1 readers can read its data, it cannot read v1 data (forward only). */
    static final Schema USER_WITH_REQUIRED_EMAIL = parse("""
            {'type':'record','name':'User','namespace':'test.registry','fields':[
              {'name':'name','type':'string'},
              {'name':'email','type':'string'}]}""");

    /** An unrelated record type. */
    static final Schema ORDER = parse("""
            {'type':'record','name':'Order','namespace':'test.registry','fields':[
              {'name':'id','type':'long'},
              {'name':'note','type':['null','string'],'default':null}]}""");
}

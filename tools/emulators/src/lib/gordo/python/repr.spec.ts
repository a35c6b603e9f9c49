import { pandasIndexRepr, pyListRepr, pyStrRepr, pyTupleRepr } from './repr';

describe('Python reprs', () => {
  it("quotes with ' unless the text holds ' and no \", escaping backslashes and control characters", () => {
    expect(pyStrRepr('tag-1')).toBe("'tag-1'");
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('it\'s "x"')).toBe("'it\\'s \"x\"'");
    expect(pyStrRepr('a\\b\n\x00æ')).toBe("'a\\\\b\\n\\x00æ'");
  });

  it('writes lists and tuples of strings as Python does', () => {
    expect(pyListRepr(['tag-1', 'tag-2'])).toBe("['tag-1', 'tag-2']");
    expect(pyTupleRepr(['start', ''])).toBe("('start', '')");
    expect(pyTupleRepr(['a'])).toBe("('a',)");
  });
});

describe('pandasIndexRepr', () => {
  it('fits short indexes on one line and quotes labels without escaping quotes', () => {
    expect(pandasIndexRepr([])).toBe("Index([], dtype='object')");
    expect(pandasIndexRepr(['a', "it's", 'q"', 'b\tc'])).toBe(
      "Index(['a', 'it's', 'q\"', 'b\\tc'], dtype='object')",
    );
  });

  it('truncates beyond 100 labels to the first and last ten, with the length (as the real server answered)', () => {
    const labels = Array.from({ length: 120 }, (_, i) => `c${i + 1}`);
    expect(pandasIndexRepr(labels)).toBe(
      "Index(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10',\n       ...\n       'c111', 'c112', 'c113', 'c114', 'c115', 'c116', 'c117', 'c118', 'c119',\n       'c120'],\n      dtype='object', length=120)",
    );
  });
});

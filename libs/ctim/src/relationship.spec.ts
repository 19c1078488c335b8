import { memberOfRelationship } from './relationship';

describe(memberOfRelationship.name, () => {
  it('builds exactly the fields of contract §7.3', () => {
    expect(
      memberOfRelationship({ id: 'transient:relationship-1', sourceRef: 's', targetRef: 't' }),
    ).toStrictEqual({
      type: 'relationship',
      id: 'transient:relationship-1',
      schema_version: '1.0.17',
      relationship_type: 'member-of',
      source_ref: 's',
      target_ref: 't',
    });
  });
});

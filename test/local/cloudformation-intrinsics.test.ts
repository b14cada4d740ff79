import { resolveIntrinsics, UnresolvableTemplateError } from '../../local/emulator/cloudformation-intrinsics';

const resources = {
  ref: (id: string) => ({ 'AWS::Region': 'us-east-1', Table: 'orders-local' })[id] ?? `ref:${id}`,
  getAtt: (id: string, attribute: string) => `${id}.${attribute}`,
};

describe('CloudFormation intrinsic functions', () => {
  test('Ref, Fn::GetAtt (both forms) and Fn::Join, nested', () => {
    const value = {
      'Fn::Join': ['', ['{"TableName":"', { Ref: 'Table' }, '","Fn":"', { 'Fn::GetAtt': ['Fn', 'Arn'] }, '","B":"', { 'Fn::GetAtt': 'Bus.Name' }, '"}']],
    };
    expect(JSON.parse(resolveIntrinsics(value, resources) as string)).toEqual({ TableName: 'orders-local', Fn: 'Fn.Arn', B: 'Bus.Name' });
  });

  test('Fn::Sub with pseudo parameters, attributes and its own variables', () => {
    const value = { 'Fn::Sub': ['arn:${AWS::Region}:${Table}:${Fn.Arn}:${Extra}:${!Literal}', { Extra: { Ref: 'Table' } }] };
    expect(resolveIntrinsics(value, resources)).toBe('arn:us-east-1:orders-local:Fn.Arn:orders-local:${Literal}');
  });

  test('Fn::Select and Fn::Split', () => {
    expect(resolveIntrinsics({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, resources)).toBe('b');
  });

  test('plain values and objects pass through with their intrinsics resolved', () => {
    expect(resolveIntrinsics({ A: [1, { Ref: 'Table' }], B: null }, resources)).toEqual({ A: [1, 'orders-local'], B: null });
  });

  test('a function the emulator cannot resolve is named', () => {
    expect(() => resolveIntrinsics({ 'Fn::ImportValue': 'x' }, resources)).toThrow(UnresolvableTemplateError);
    expect(() => resolveIntrinsics({ 'Fn::ImportValue': 'x' }, resources)).toThrow(/Fn::ImportValue/);
  });
});

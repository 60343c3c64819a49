import { ValidationError } from '../../../domain/errors.js';
import { componentsText, parseComponents } from './components.js';

describe('parseComponents (warp.components, --components)', () => {
  it.each([
    ['standalone', 'standalone'],
    [' standalone ', 'standalone'],
    ['store,egress', 'egress,store'],
    ['ingress', 'ingress'],
    ['directory , store,ingress,egress', 'ingress,egress,directory,store'],
    ['plasmaBE,plasmaFE,ingress', 'ingress,plasmaFE,plasmaBE'],
  ])('reads %j', (text, canonical) => {
    expect(componentsText(parseComponents(text))).toBe(canonical);
  });

  it.each([
    ['', /name standalone or some of/],
    [' , ', /name standalone or some of/],
    ['standalone,store', /cannot be combined/],
    ['ingress,ingress', /ingress is given twice/],
    ['egres', /unknown component 'egres'/],
    ['runner', /runner is not available yet/],
    ['plasmafe', /unknown component 'plasmafe'/],
    ['Store', /unknown component 'Store'/],
  ])('refuses %j', (text, message) => {
    expect(() => parseComponents(text)).toThrow(ValidationError);
    expect(() => parseComponents(text)).toThrow(message);
  });
});
